package io.marketplaceexporter.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * The fake ERP's listing counts: per shop, how many of its listings are in each normalised status
 * ({@code GET /erp/api/v1/listing-status}, behind the ERP's bearer token), the counts a {@code
 * listing_status} event carries. While {@link FaultKind#LISTINGS_TAKEN_DOWN} plays for a shop, 30%
 * of its listings are suppressed and 5% more are under review, as after a main-image template the
 * marketplace rejects.
 */
final class ErpListingsApi extends SandboxApi {
  ErpListingsApi(Sandbox sandbox) {
    super(sandbox);
  }

  @Override
  void register(RoutesConfig routes) {
    routes.get("/erp/api/v1/listing-status", this::listingStatus);
  }

  /** The counts of the shop at {@code index}: 200 to 690 listings, 95% of them active. */
  static ObjectNode counts(ObjectNode out, int index, boolean takenDown) {
    long total = 200 + 70L * index;
    long inactive = total * 4 / 100;
    long review = total / 100 + (takenDown ? total * 5 / 100 : 0);
    long suppressed = takenDown ? total * 30 / 100 : 0;
    return out.put("active", total - inactive - review - suppressed)
        .put("inactive", inactive)
        .put("under_review", review)
        .put("suppressed", suppressed);
  }

  private void listingStatus(Context ctx) {
    ArrayNode list = object().arrayNode();
    List<SandboxShop> shops = sandbox.shops();
    for (int i = 0; i < shops.size(); i++) {
      SandboxShop s = shops.get(i);
      boolean down = sandbox.faults().playing(FaultKind.LISTINGS_TAKEN_DOWN, s.shop());
      counts(ErpApi.shopFields(list.addObject(), s).putObject("counts"), i, down);
    }
    json(ctx, 200, object().put("code", 200).set("data", object().set("shops", list)));
  }
}
