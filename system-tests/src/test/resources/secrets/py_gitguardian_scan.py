"""Drives py-gitguardian, unmodified, against a Vigil gateway and prints one JSON line per check.

Usage: PYTHONPATH=<py-gitguardian> python3 py_gitguardian_scan.py <base_uri> <api_key>
The Java side (PyGitGuardianScanThroughGatewayTest) asserts on the printed results.
"""
import json
import sys

from pygitguardian import GGClient
from pygitguardian.models import Detail

base_uri, api_key = sys.argv[1], sys.argv[2]
client = GGClient(api_key=api_key, base_uri=base_uri)


def report(name, value):
    print(json.dumps({"check": name, "value": value}), flush=True)


def breaks(result):
    if isinstance(result, Detail):
        return {"status": result.status_code, "detail": result.detail}
    return {
        "status": result.status_code,
        "count": result.policy_break_count,
        "breaks": [
            {
                "type": b.break_type,
                "group": getattr(b, "detector_group_name", None),
                "matches": [
                    {
                        "type": m.match_type,
                        "match": m.match,
                        "index_start": m.index_start,
                        "index_end": m.index_end,
                        "line_start": m.line_start,
                        "line_end": m.line_end,
                    }
                    for m in b.matches
                ],
            }
            for b in result.policy_breaks
        ],
    }


LEAK = sys.stdin.read()
report("metadata", repr(client.read_metadata()))
report(
    "preferences",
    {
        "maximum_document_size": client.secret_scan_preferences.maximum_document_size,
        "maximum_documents_per_scan": client.secret_scan_preferences.maximum_documents_per_scan,
    },
)
report("content_scan_leak", breaks(client.content_scan(LEAK, filename="settings.env")))
report("content_scan_clean", breaks(client.content_scan("just some words\nand a second line\n")))
multi = client.multi_content_scan(
    [{"filename": "settings.env", "document": LEAK}, {"document": "nothing to see"}],
    all_secrets=True,
)
if isinstance(multi, Detail):
    report("multi_content_scan", {"status": multi.status_code, "detail": multi.detail})
else:
    report("multi_content_scan", [breaks(r) for r in multi.scan_results])

# The client refuses oversize input itself, with the limits it read from /v1/metadata ...
try:
    client.content_scan("a" * (client.secret_scan_preferences.maximum_document_size + 1))
    report("client_refuses_oversize", False)
except Exception as e:  # marshmallow.ValidationError
    report("client_refuses_oversize", str(e))
try:
    client.multi_content_scan([{"document": "x"}] * 21)
    report("client_refuses_21", False)
except ValueError as e:
    report("client_refuses_21", str(e))

# ... and when its local limits are raised, the server answers GitGuardian's 400s.
client.secret_scan_preferences.maximum_document_size = 10 * 1024 * 1024
client.secret_scan_preferences.maximum_documents_per_scan = 100
big = client.content_scan("a" * (1024 * 1024 + 1))
report("server_oversize", {"status": big.status_code, "detail": getattr(big, "detail", None)})
many = client.multi_content_scan([{"document": "x"}] * 21)
report("server_21", {"status": many.status_code, "detail": getattr(many, "detail", None)})
quota = client.quota_overview()
report("quota", {"status": quota.status_code, "count": getattr(getattr(quota, "content", None), "count", None)})
