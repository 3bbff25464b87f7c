"""EU CBAM for exporting installations: goods, processes, precursors and specific embedded emissions.

Framework-free core of issue #10. :mod:`.goods` holds CBAM's annex I (iron and steel, aluminium) and the aggregated
goods categories; :mod:`.model` the installation data; :mod:`.reader` reads and checks the input workbook;
:mod:`.calculate` solves the specific embedded emissions of every process in dependency order;
:mod:`.defaults` looks up the Commission's default values (Implementing Regulation (EU) 2025/2621, shipped in
``data/``); :mod:`.communication` writes the communication for EU importers as XLSX and JSON.
"""
