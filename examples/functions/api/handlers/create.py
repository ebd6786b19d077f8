import json


def handler(event):
    item = json.loads(event.get("body") or "{}")
    return {"status": 201, "headers": {"Content-Type": "application/json"}, "body": json.dumps({"created": item})}
