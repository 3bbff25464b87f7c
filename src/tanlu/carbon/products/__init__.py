"""Product carbon footprints (ISO 14067, GHG Protocol Product Standard, PACT methodology v3): the product model,
its reader and checks, allocation of site totals, the supply network and the results per declared unit."""
