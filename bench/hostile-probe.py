#!/usr/bin/env python3
"""Hostile probes against a running server (issue 12's): what each answers, and the server's memory.

    target/release/congress-api serve --bind 127.0.0.1:8000 &
    python3 bench/hostile-probe.py http://127.0.0.1:8000 "$(pgrep -f 'congress-api serve')"

Sends deeply nested brackets and objects, 5,000 invented operation names, 3,000 distinct
invalid documents of ~30 KB (half of them unparseable) and a 16 MiB body, and prints the answers' codes, the size of
/metrics and the process's resident memory (VmRSS, then VmHWM) after each step.
"""
import http.client
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

base, pid = sys.argv[1], int(sys.argv[2])


def memory(field):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(field):
            return f"{int(line.split()[1]) / 1024:.1f} MB"
    return "?"


def post(body):
    request = urllib.request.Request(base + "/graphql", data=body, headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except urllib.error.URLError as error:  # the server closed the connection before reading all
        return f"closed ({error.reason})", b""


def query(document):
    return post(json.dumps({"query": document}).encode())


def codes(body):
    try:
        return sorted({error.get("extensions", {}).get("code") for error in json.loads(body).get("errors", [])})
    except ValueError:
        return body[:80]


for depth in (2_000, 100_000):
    status, body = query("{ __typename(x: " + "[" * depth + "]" * depth + ") }")
    print(f"{depth:,} nested brackets: {status} {codes(body)}")
    status, body = query("{ __typename(x: " + "{a:" * depth + "1" + "}" * depth + ") }")
    print(f"{depth:,} nested objects: {status} {codes(body)}")
print(f"resident memory: {memory('VmRSS')}")
for i in range(5_000):
    query(f"query Invented{i} {{ __typename }}")
metrics = urllib.request.urlopen(base + "/metrics").read()
print(f"5,000 invented operation names: /metrics {len(metrics):,} bytes, resident {memory('VmRSS')}")
answers = {}
for i in range(3_000):
    # Every other one lacks its closing brace (a parse error); the rest name an unknown field.
    status, body = query("{ __typename " + "x" * (i % 50 + 1) + f" # {i} " + "p" * 30_000 + ("\n}" if i % 2 else "\n"))
    for code in codes(body):
        answers[code] = answers.get(code, 0) + 1
print(f"3,000 distinct ~30 KB documents, half unparseable: {answers}, resident {memory('VmRSS')}")
# The server answers 413 as soon as the body passes the limit and stops reading: send what it
# takes, then read its answer.
address = urllib.parse.urlsplit(base)
connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
big = b'{"query": "' + b"#" * (16 * 1024 * 1024) + b'"}'
connection.putrequest("POST", "/graphql")
connection.putheader("content-type", "application/json")
connection.putheader("content-length", str(len(big)))
connection.endheaders()
try:
    connection.send(big)
except (BrokenPipeError, ConnectionResetError):
    pass
print(f"16 MiB body: {connection.getresponse().status}")
print(f"peak resident memory (VmHWM): {memory('VmHWM')}; the server is alive")
