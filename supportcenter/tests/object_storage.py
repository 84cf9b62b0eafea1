"""A real S3 API for the tests: moto's standalone server (`moto_server`), started once per
session on a free port, with a fresh private bucket per test.

A plugin of the root conftest (pytest_plugins). `object_storage` points Django's default
storage at the bucket the way production does (settings/base.py, AWS_STORAGE_BUCKET_NAME)
and yields a boto3 client to look inside it.
"""

import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

# moto accepts any keys; these only have to look like keys.
KEY_ID = "test-key-id"
KEY_SECRET = "test-key-value"
CREDENTIALS = {"aws_access_key_id": KEY_ID, "aws_secret_access_key": KEY_SECRET}
REGION = "us-east-1"
START_TIMEOUT_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answers(url: str, *, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode} before answering.")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer within {timeout} s.") from None
            time.sleep(0.1)


def s3_options(endpoint_url: str, bucket: str) -> dict:
    """The S3 storage's options as settings/base.py builds them from the environment."""
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url,
        "region_name": REGION,
        "access_key": KEY_ID,
        "secret_key": KEY_SECRET,
        "location": "",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": True,
        "client_config": Config(
            s3={"addressing_style": "path"},
            signature_version="s3v4",
            connect_timeout=3,
            read_timeout=10,
            retries={"max_attempts": 2, "mode": "standard"},
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        ),
    }


def s3_environment(endpoint_url: str, bucket: str) -> dict[str, str]:
    """The environment that makes a portal process (gunicorn, manage.py) use the bucket."""
    return {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint_url,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_ACCESS_KEY_ID": KEY_ID,
        "AWS_SECRET_ACCESS_KEY": KEY_SECRET,
    }


class S3Server:
    def __init__(self, endpoint_url: str):
        self.endpoint_url = endpoint_url
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=REGION,
            **CREDENTIALS,
            config=Config(connect_timeout=3, read_timeout=10, retries={"max_attempts": 2}),
        )

    def new_bucket(self) -> str:
        name = f"soporte-{uuid.uuid4().hex[:12]}"
        self.client.create_bucket(Bucket=name)
        return name

    def keys(self, bucket: str) -> list[str]:
        answer = self.client.list_objects_v2(Bucket=bucket)
        return sorted(entry["Key"] for entry in answer.get("Contents", ()))


@pytest.fixture(scope="session")
def s3_server():
    binary = Path(sys.executable).with_name("moto_server")
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [str(binary), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_answers(f"{endpoint}/moto-api/", process=process, timeout=START_TIMEOUT_SECONDS)
        yield S3Server(endpoint)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def object_storage(settings, s3_server):
    """Django's default storage is a fresh bucket of the S3 server; yields (server, bucket)."""
    bucket = s3_server.new_bucket()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_options(s3_server.endpoint_url, bucket),
        },
    }
    return s3_server, bucket
