from __future__ import annotations

import logging
import pickle

import pytest

from posapp.domain.errors import ValidationError
from posapp.tracker.endpoint import UAT_URL, check_endpoint_url, endpoint_url
from posapp.tracker.token import SiteToken


def test_urls_from_environment_site_and_domain() -> None:
    assert endpoint_url("uat") == "https://uat.peerius.com/tracker/smart-api/orders/offline"
    assert endpoint_url("UAT", "ignored") == UAT_URL
    assert (
        endpoint_url("production", "StreamlyCool", "peerius.com")
        == "https://streamlycool.peerius.com/tracker/smart-api/orders/offline"
    )
    assert (
        endpoint_url("production", "streamlycool", "peerius.episerver.net")
        == "https://streamlycool.peerius.episerver.net/tracker/smart-api/orders/offline"
    )
    assert (
        endpoint_url("production", "x", explicit="https://proxy.example/orders")
        == "https://proxy.example/orders"
    )


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("staging", "x"), "environment"),
        (("production", "bad site!"), "site"),
        (("production", ""), "site"),
        (("production", "x", "peerius.org"), "domain"),
    ],
)
def test_bad_endpoint_settings_are_named(args: tuple[str, ...], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        endpoint_url(*args)
    assert caught.value.field == field


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/x",
        "http://localhost:1/x",
        "http://[::1]:9/x",
        "http://127.8.9.10/x",
        "https://a.example/x",
    ],
)
def test_https_everywhere_and_plain_http_only_on_loopback(url: str) -> None:
    assert check_endpoint_url(url) == url


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://uat.peerius.com/tracker", "must use https://"),
        ("http://192.168.1.10:8080/x", "must use https://"),
        ("ftp://a.example/x", "must start with https://"),
        ("uat.peerius.com", "must start with https://"),
        ("https://user:pw@a.example/x", "user name or password"),
        ("https://a.example:notaport/x", "not a valid URL"),
        ("", "empty"),
    ],
)
def test_refused_urls_say_why(url: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_endpoint_url(url)
    assert words in caught.value.message


def test_the_token_never_shows(caplog: pytest.LogCaptureFixture) -> None:
    token = SiteToken("  abc-SECRET-123  ")
    assert token.reveal() == "abc-SECRET-123"
    assert "SECRET" not in repr(token) and "SECRET" not in str(token) and "SECRET" not in f"{token}"
    assert "SECRET" not in repr({"token": token})
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("test").info("token is %s / %r", token, token)
    assert "SECRET" not in caplog.text
    assert token.redact("header siteToken=abc-SECRET-123 sent") == "header siteToken=*** sent"
    with pytest.raises(TypeError):
        pickle.dumps(token)
    assert token == SiteToken("abc-SECRET-123") and token != SiteToken("other")


@pytest.mark.parametrize("bad", ["", "   ", "has space", "tab\tin", "ünïcode", "x" * 1281])
def test_bad_tokens_are_refused_without_echoing_them(bad: str) -> None:
    with pytest.raises(ValidationError) as caught:
        SiteToken(bad)
    assert caught.value.field == "site_token"
    if bad.strip():
        assert bad.strip() not in caught.value.message
