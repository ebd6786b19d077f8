package dev.fastfn.console;

/**
 * What the guard learned about a console request.
 *
 * @param ip client address (rate-limit key)
 * @param local the request counts as local (A5)
 * @param adminToken the request carries the valid admin token
 * @param sessionUser user of a valid session cookie, or null
 */
record Caller(String ip, boolean local, boolean adminToken, String sessionUser) {}
