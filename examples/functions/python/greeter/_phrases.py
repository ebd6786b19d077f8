def greeting(prefix, name):
    return f"{prefix}, {name}!"
