package io.marketplaceexporter.sandbox;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The apps the sandbox knows. These are test credentials of a local fake marketplace, published so
 * that anyone can point a connector at it; they open nothing real.
 */
public final class SandboxCredentials {
  private SandboxCredentials() {}

  public static final String AMAZON_CLIENT_ID = "amzn1.application-oa2-client.sandbox";
  public static final String AMAZON_CLIENT_SECRET = "sandbox-lwa-client-secret";
  public static final String SHOPEE_PARTNER_ID = "2001887";
  public static final String SHOPEE_PARTNER_KEY = "sandbox-shopee-partner-key";
  public static final String TIKTOK_APP_KEY = "6sandboxapp";
  public static final String TIKTOK_APP_SECRET = "sandbox-tiktok-app-secret";
  public static final String LAZADA_APP_KEY = "100132";
  public static final String LAZADA_APP_SECRET = "sandbox-lazada-app-secret";

  /**
   * How many Lazada applications the sandbox knows: {@link #LAZADA_APP_KEY} and the keys after it
   * ({@link #lazadaAppKey}), all signing with {@link #LAZADA_APP_SECRET}. Lazada limits calls per
   * application, so many generated Lazada shops are spread over several.
   */
  public static final int LAZADA_APPS = 100;

  /** The key of Lazada application {@code app} (0 is {@link #LAZADA_APP_KEY}). */
  public static String lazadaAppKey(int app) {
    if (app < 0 || app >= LAZADA_APPS) {
      throw new IllegalArgumentException("app: must be 0.." + (LAZADA_APPS - 1));
    }
    return Integer.toString(Integer.parseInt(LAZADA_APP_KEY) + app);
  }

  private static final Set<String> LAZADA_APP_KEYS =
      IntStream.range(0, LAZADA_APPS)
          .mapToObj(SandboxCredentials::lazadaAppKey)
          .collect(Collectors.toUnmodifiableSet());

  /** Whether {@code key} is one of the sandbox's Lazada application keys. */
  static boolean isLazadaAppKey(String key) {
    return key != null && LAZADA_APP_KEYS.contains(key);
  }

  public static final String ERP_TOKEN = "sandbox-erp-token";
}
