package io.marketplaceexporter;

public final class Main {
  public static void main(String[] args) {}
}
