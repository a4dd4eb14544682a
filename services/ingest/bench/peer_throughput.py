"""The Python side of throughput.sh: the peer's CloudWatch-alarm formatting, timed on one sample.

Imports terraform-aws-notify-slack's functions/notify_slack.py from the directory given (it is not
part of Klaxon) and times what its lambda_handler does per SNS record before the HTTP call: read the
raw event text (json.loads, since the Java side starts from the raw text too), get_slack_message_payload
for each record, and json.dumps of the payload. Prints one line: "peer <events/s> events/s".

Usage: peer_throughput.py PEER_FUNCTIONS_DIR SAMPLE_JSON [SECONDS]
"""
import json
import os
import sys
import time
import types


def load_peer(peer_dir):
    # The module builds KMS and Security Hub clients at import time; the formatting path never calls
    # them, so a stand-in boto3 keeps the benchmark free of AWS credentials, network and the real SDK.
    stub = types.ModuleType("boto3")
    stub.client = lambda *args, **kwargs: None
    sys.modules["boto3"] = stub
    for name, value in (("SLACK_CHANNEL", "alerts"), ("SLACK_USERNAME", "reporter"), ("SLACK_EMOJI", ":aws:")):
        os.environ.setdefault(name, value)
    sys.path.insert(0, peer_dir)
    import notify_slack  # noqa: E402  (the peer, from PEER_DIR)
    return notify_slack


def one_event(peer, raw):
    event = json.loads(raw)
    out = 0
    for record in event["Records"]:
        sns = record["Sns"]
        payload = peer.get_slack_message_payload(
            message=sns["Message"],
            region=sns["TopicArn"].split(":")[3],
            subject=sns.get("Subject"),
            message_attributes=sns.get("MessageAttributes"),
        )
        out += len(json.dumps(payload))
    return out


def main():
    peer_dir, sample = sys.argv[1], sys.argv[2]
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 10.0
    peer = load_peer(peer_dir)
    with open(sample, encoding="utf-8") as f:
        raw = f.read()
    if one_event(peer, raw) == 0:
        sys.exit("the peer produced no payload for " + sample)
    # Warm-up, then rounds of 10,000 events until the time is up; the figure is the mean over all
    # timed rounds, as JMH's throughput mode reports for the Java side.
    for _ in range(10_000):
        one_event(peer, raw)
    events = 0
    start = time.perf_counter()
    deadline = start + seconds
    while time.perf_counter() < deadline:
        for _ in range(10_000):
            one_event(peer, raw)
        events += 10_000
    print(f"peer {events / (time.perf_counter() - start):.0f} events/s")


if __name__ == "__main__":
    main()
