# @summary Say hello
def handler(event):
    query = event.get("query") or {}
    return {"hello": query.get("name", "world"), "runtime": "python"}
