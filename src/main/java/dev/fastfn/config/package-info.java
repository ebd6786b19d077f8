/**
 * Settings: {@code FastfnConfig} and its grouped records, read once from FN_* variables (after the
 * CLI merged {@code fastfn.json} and flags into them). The only package that reads the environment;
 * it imports nothing else from fastfn.
 */
package dev.fastfn.config;
