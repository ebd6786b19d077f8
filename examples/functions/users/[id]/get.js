// @summary Look up a user by id (the [id] folder is a route parameter)
exports.handler = async (event) => {
  const id = event.params.id;
  return { id, name: `user-${id}`, runtime: "node" };
};
