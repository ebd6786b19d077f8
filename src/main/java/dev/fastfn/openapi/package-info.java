/**
 * The OpenAPI 3.1 document generated from the live {@code Catalog} ({@link dev.fastfn.openapi.OpenApiBuilder},
 * pure) and the HTTP endpoints that serve it and Swagger UI ({@code /_fn/openapi.json},
 * {@code /openapi.json}, {@code /_fn/docs}, {@code /docs}). Contract: platform.md §6, routing.md §4.8, D6.
 */
package dev.fastfn.openapi;
