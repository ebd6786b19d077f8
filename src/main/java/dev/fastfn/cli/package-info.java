/**
 * The {@code fastfn} command line (picocli) and {@code App}, which wires every component by hand,
 * starts them in order and closes them in reverse.
 */
package dev.fastfn.cli;
