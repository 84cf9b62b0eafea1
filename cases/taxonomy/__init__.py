"""The case taxonomy (record type → area → cause → the cause's fields) beyond its models
(cases/models/taxonomy.py):

- fields.py: a cause's field definitions built into form fields, and the answers stored
  and shown
- defaults.py: the taxonomy that ships with the product (`load_default_taxonomy`)
"""
