"""Files sellers and agents upload, and how they are served back:

- uploads.py: checks an upload (type by content, size, name) before it is stored
- staging.py: the wizard's files, stored before the case exists
- downloads.py: an attachment served to whoever may see it
"""
