package io.marketplaceexporter.sandbox;

import io.marketplaceexporter.model.Vocabulary.ListingStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The listings of each sandbox shop, the one state the ERP's listing counts and the marketplaces'
 * listing searches answer from: the shop at index {@code i} has {@code 200 + 70·i} listings, 95%
 * active, 4% inactive and 1% under review; while {@link FaultKind#LISTINGS_TAKEN_DOWN} plays for it
 * (the demo's {@code listing_takedown}), 30% of them are suppressed and 5% more under review, as
 * after a main-image template the marketplace rejects.
 */
final class ShopListings {
  private ShopListings() {}

  /** The counts of {@code shop} now, by normalised status. */
  static Map<ListingStatus, Long> of(Sandbox sandbox, SandboxShop shop) {
    return counts(
        sandbox.shops().indexOf(shop),
        sandbox.faults().playing(FaultKind.LISTINGS_TAKEN_DOWN, shop.shop()));
  }

  static Map<ListingStatus, Long> counts(int index, boolean takenDown) {
    long total = 200 + 70L * index;
    long inactive = total * 4 / 100;
    long review = total / 100 + (takenDown ? total * 5 / 100 : 0);
    long suppressed = takenDown ? total * 30 / 100 : 0;
    Map<ListingStatus, Long> out = new EnumMap<>(ListingStatus.class);
    out.put(ListingStatus.ACTIVE, total - inactive - review - suppressed);
    out.put(ListingStatus.INACTIVE, inactive);
    out.put(ListingStatus.UNDER_REVIEW, review);
    out.put(ListingStatus.SUPPRESSED, suppressed);
    return out;
  }

  /** Every listing's normalised status, in listing order: the active ones first. */
  static List<ListingStatus> statuses(Sandbox sandbox, SandboxShop shop) {
    List<ListingStatus> out = new ArrayList<>();
    of(sandbox, shop).forEach((s, n) -> out.addAll(Collections.nCopies(n.intValue(), s)));
    return out;
  }
}
