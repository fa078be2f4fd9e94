"""Fixtures for the receiver: the app in-process and a real SMTP server. The valid answer
set and the configuration are in tests/helpers/receiver.py."""

from __future__ import annotations

import pytest
from helpers import Mailbox
from helpers.receiver import make_config
from starlette.testclient import TestClient

from sitekit.receiver.app import create_app


@pytest.fixture
def mailbox():
    box = Mailbox()
    box.controller.start()
    yield box
    box.controller.stop()


@pytest.fixture
def receiver(tmp_path):
    """A TestClient on a fresh database (no SMTP configured: mails wait in the outbox)."""
    app = create_app(make_config(tmp_path))
    with TestClient(app) as client:
        yield client
