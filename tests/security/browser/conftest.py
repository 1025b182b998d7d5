"""The browser fixtures of tests/browser (Debian's Chromium, axe, no-JS and 320 px pages)."""

from tests.browser.conftest import (  # noqa: F401 (pytest fixtures)
    browser_context_args,
    browser_type_launch_args,
    chromium_executable,
    django_db_modify_db_settings,
    narrow_page,
    no_js_page,
)
