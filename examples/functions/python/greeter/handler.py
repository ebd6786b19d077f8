import json

from _phrases import greeting


def handler(event):
    body = event.get("body") or "{}"
    try:
        data = json.loads(body)
    except ValueError:
        return {"status": 400, "body": json.dumps({"error": "body must be JSON"})}
    name = data.get("name") or (event.get("query") or {}).get("name") or "friend"
    prefix = (event.get("env") or {}).get("GREETING_PREFIX", "Hello")
    return {"message": greeting(prefix, name), "method": event.get("method")}
