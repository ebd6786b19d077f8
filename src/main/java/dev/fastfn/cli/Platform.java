package dev.fastfn.cli;

/** The operating system and JVM the CLI runs on, as {@code doctor} reports them. */
record Platform(String osName, String osArch, String javaVendor) {}
