"""Surveys: questionnaires, XLSForm, answers and their statistics, framework-free (no Django, no database).

Modules, from the form to the report:

* :mod:`.form` - the questionnaire model (frozen records); :mod:`.expressions` - the safe evaluator for
  ``relevant``/``constraint``/``required``; :mod:`.xlsform` - XLSForm import and export;
  :mod:`.builtin` - forms shipped with Tanlu (the AIAG Carbon Performance Survey, wave 2);
* :mod:`.responses` - validating answers and importing response tables;
* :mod:`.stats` - counts, shares with an explicit base, filters, cross-tabs, wave comparison;
  :mod:`.highlights` - bilingual statements; :mod:`.report` - the report model and its JSON;
  :mod:`.exports` - CSV/XLSX downloads; :mod:`.demo` - deterministic demo responses.
"""
