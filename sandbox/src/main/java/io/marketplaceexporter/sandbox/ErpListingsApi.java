package io.marketplaceexporter.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * The fake ERP's listing counts: per shop, how many of its listings are in each normalised status
 * ({@code GET /erp/api/v1/listing-status}, behind the ERP's bearer token), the counts a {@code
 * listing_status} event carries: those of {@link ShopListings}, which the marketplaces' listing
 * searches answer too.
 */
final class ErpListingsApi extends SandboxApi {
  ErpListingsApi(Sandbox sandbox) {
    super(sandbox);
  }

  @Override
  void register(RoutesConfig routes) {
    routes.get("/erp/api/v1/listing-status", this::listingStatus);
  }

  private void listingStatus(Context ctx) {
    ArrayNode list = object().arrayNode();
    for (SandboxShop s : sandbox.shops()) {
      ObjectNode counts = ErpApi.shopFields(list.addObject(), s).putObject("counts");
      ShopListings.of(sandbox, s).forEach((status, n) -> counts.put(status.label(), n));
    }
    json(ctx, 200, object().put("code", 200).set("data", object().set("shops", list)));
  }
}
