"""Drives py-gitguardian, unmodified, against a Vigil gateway and prints what it returned as JSON.

Usage: py_gitguardian_probe.py GATEWAY_URL (the token in the VIGIL_TOKEN environment variable).
Each base URI is one way real clients are configured: the bare URL, the URL with a trailing
slash, and ggshield's self-hosted form <instance>/exposed.
"""

import json
import os
import sys

from pygitguardian import GGClient

gateway = sys.argv[1].rstrip("/")
token = os.environ["VIGIL_TOKEN"]
bad_key = "vgl_" + "0" * 38

out = {}
for label, base in (
    ("root", gateway),
    ("slash", gateway + "/"),
    ("exposed", gateway + "/exposed"),
):
    client = GGClient(api_key=token, base_uri=base)
    health = client.health_check()
    tokens = client.api_tokens()
    bad = GGClient(api_key=bad_key, base_uri=base)
    bad_health = bad.health_check()
    bad_tokens = bad.api_tokens()
    out[label] = {
        "health": {"status": health.status_code, "detail": health.detail},
        "api_tokens": {
            "type": type(tokens).__name__,
            "status": tokens.status_code,
            "id": str(getattr(tokens, "id", "")),
            "scopes": [str(s) for s in getattr(tokens, "scopes", [])],
            "detail": getattr(tokens, "detail", None),
        },
        "bad_key_health": {"status": bad_health.status_code, "detail": bad_health.detail},
        "bad_key_api_tokens": {
            "type": type(bad_tokens).__name__,
            "status": bad_tokens.status_code,
            "detail": getattr(bad_tokens, "detail", None),
        },
    }
print(json.dumps(out))
