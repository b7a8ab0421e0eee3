"""What the dashboard is told about signing in, and the content policy its page gets."""

from __future__ import annotations

from baxt.http.middleware import PAGE_CONTENT_POLICY
from baxt.http.monitoring.page import DashboardSignIn, dashboard_page


def test_without_an_issuer_the_page_talks_only_to_its_own_server() -> None:
    sign_in = DashboardSignIn()

    assert sign_in.config() == {"issuer": None, "clientId": None, "graphql": "/graphql"}
    assert sign_in.content_policy() == PAGE_CONTENT_POLICY


def test_with_an_issuer_the_page_may_also_talk_to_the_issuers_origin_only() -> None:
    sign_in = DashboardSignIn("https://id.example.uz/realms/baxt", "baxt-monitoring")

    policy = sign_in.content_policy()

    assert sign_in.config()["clientId"] == "baxt-monitoring"
    assert "connect-src 'self' https://id.example.uz;" in policy
    assert "script-src 'self';" in policy


def test_the_page_loads_its_files_by_digest_named_urls_and_no_inline_script() -> None:
    page = dashboard_page()

    assert '<script type="module" src="/monitoring/assets/dashboard.js?v=' in page
    assert "<script>" not in page
    assert "style=" not in page
