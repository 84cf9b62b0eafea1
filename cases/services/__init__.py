"""The only code that changes a case. Each service runs in a transaction, appends its
history event in it (cases/history.py) and calls its side effects by name: the emails it
queues in that transaction (cases/emails.py), the Celery work it schedules on commit.

What a user may do with a case (the status machine and who may make which change) is
cases/policies.py; the services check it under the case lock. Import a service from its
module; each is named by what it changes:

- cases.py: create a case, change its status, assign it, set its priority, autoclose
- case_status.py: the one writer of a case's status (and what a move sets off)
- pending_tasks.py: ask the seller for information, their answer, cancelling a request
- reminders.py: reminders of unanswered requests
- comments.py: messages and internal notes
- attachments.py: files on a case, and deleting the files nobody needs
- rating.py: the seller's rating of a closed case
- cause.py: changing a case's cause (Cambiar motivo)
- eta.py: the estimated resolution time
- counts.py: the per-seller status counts
- locking.py: the case row lock every change takes first
"""
