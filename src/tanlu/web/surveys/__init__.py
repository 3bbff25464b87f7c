"""Surveys: questionnaires (XLSForm), invitations by personal link, answering in the browser, and results."""
