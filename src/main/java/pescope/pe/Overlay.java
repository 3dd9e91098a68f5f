package pescope.pe;

/** Bytes at the end of the file that are neither part of the image nor its certificate table. */
public record Overlay(long offset, long size) {}
