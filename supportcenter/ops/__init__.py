"""What operators and their machines need: the load balancer's health checks
(`health`), Prometheus metrics (`metrics`, `exposition`, `celery`), and a request id
in every log line (`request_id`). Nothing here imports an app's models at import time:
`supportcenter.celery` loads `ops.celery` while the settings are still being read."""
