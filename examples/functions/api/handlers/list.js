exports.handler = async () => ({ items: [{ id: 1, name: "first" }, { id: 2, name: "second" }] });
