package io.marketplaceexporter.sandbox;

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
  public static final String ERP_TOKEN = "sandbox-erp-token";
}
