package io.marketplaceexporter.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The closed label vocabularies of the metric contract. Each constant carries its exact label
 * value; {@link #parse} is the only way from wire text to a constant.
 */
public final class Vocabulary {
  private Vocabulary() {}

  /**
   * A constant with the label value it is exposed under: its name in lower case, unless the
   * constant says otherwise.
   */
  public interface Labelled {
    /** The constant's name, as every enum has. */
    String name();

    /** Its name in lower case, made once per constant (ingest asks for it with every event). */
    default String label() {
      return this instanceof Enum<?> e
          ? LOWER_CASE_NAMES.get(e.getDeclaringClass())[e.ordinal()]
          : name().toLowerCase(Locale.ROOT);
    }
  }

  /** Per enum, its constants' names in lower case, by ordinal. */
  private static final ClassValue<String[]> LOWER_CASE_NAMES =
      new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
          return Arrays.stream(type.getEnumConstants())
              .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
              .toArray(String[]::new);
        }
      };

  /** Per vocabulary, its constants by label (overridden labels included). */
  private static final ClassValue<Map<String, Object>> BY_LABEL =
      new ClassValue<>() {
        @Override
        protected Map<String, Object> computeValue(Class<?> type) {
          Map<String, Object> byLabel = new HashMap<>();
          for (Object c : type.getEnumConstants()) {
            byLabel.putIfAbsent(((Labelled) c).label(), c);
          }
          return Map.copyOf(byLabel);
        }
      };

  /**
   * The constant whose label is {@code value}, if any. Case-sensitive, like label values. One map
   * lookup: ingest parses several labels of every event.
   */
  public static <E extends Enum<E> & Labelled> Optional<E> parse(Class<E> type, String value) {
    return value == null
        ? Optional.empty()
        : Optional.ofNullable(type.cast(BY_LABEL.get(type).get(value)));
  }

  /** "one of a, b, c", for error messages. */
  public static <E extends Enum<E> & Labelled> String allowed(Class<E> type) {
    return "one of "
        + Arrays.stream(type.getEnumConstants())
            .map(Labelled::label)
            .collect(Collectors.joining(", "));
  }

  public enum Marketplace implements Labelled {
    AMAZON,
    SHOPEE,
    LAZADA,
    TIKTOK,
    WALMART,
    EBAY,
    SHOPIFY,
    OTHER
  }

  /** Outcome of an order or a sync run. */
  public enum Outcome implements Labelled {
    SUCCESS,
    FAILURE
  }

  public enum FailureReason implements Labelled {
    PAYMENT,
    VALIDATION,
    API_ERROR,
    TIMEOUT,
    STOCK,
    OTHER
  }

  public enum SyncJob implements Labelled {
    ORDERS,
    INVENTORY,
    PRICE,
    LISTING,
    LOGISTICS
  }

  /** The result class of a marketplace API call. */
  public enum ApiCode implements Labelled {
    C2XX("2xx"),
    C3XX("3xx"),
    C4XX("4xx"),
    C429("429"),
    C5XX("5xx"),
    ERROR("error");

    private final String label;

    ApiCode(String label) {
      this.label = label;
    }

    @Override
    public String label() {
      return label;
    }

    /**
     * The class of an HTTP status in 200..599; 429 is its own class because it means throttling.
     */
    public static ApiCode ofStatus(int status) {
      if (status < 200 || status > 599) {
        throw new IllegalArgumentException("HTTP status out of range: " + status);
      }
      if (status == 429) {
        return C429;
      }
      return switch (status / 100) {
        case 2 -> C2XX;
        case 3 -> C3XX;
        case 4 -> C4XX;
        default -> C5XX;
      };
    }
  }

  public enum TokenKind implements Labelled {
    ACCESS,
    REFRESH,
    CLIENT_SECRET
  }

  public enum PriceAnomalyKind implements Labelled {
    ZERO,
    DROP,
    SPIKE,
    BELOW_FLOOR
  }

  public enum ChangeKind implements Labelled {
    DEPLOY,
    CONFIG,
    PRICE_BATCH,
    LISTING,
    /** A rollback action ran (operations.actions records it; docs/actions.md). */
    ROLLBACK,
    OTHER
  }

  /**
   * Where a payment captured by a payment gateway stands against the order it pays for, as an ERP
   * reconciling gateway captures with order status reports it. Gateway-neutral on purpose (see
   * {@code docs/ingest-api.md}, event type {@code payment}): {@code captured} means the gateway
   * took the money and no order is known to be marked paid for it yet; {@code matched} that the
   * order's status now says paid; {@code refunded} that the money went back, so no order is due.
   */
  public enum PaymentStatus implements Labelled {
    CAPTURED,
    MATCHED,
    REFUNDED
  }

  /**
   * The status of a listing, normalised across marketplaces (the mapping of each marketplace's own
   * values is in {@code docs/ingest-api.md}): on sale, taken off sale by the seller, waiting for
   * the marketplace's review, or refused or taken down by the marketplace.
   */
  public enum ListingStatus implements Labelled {
    ACTIVE,
    INACTIVE,
    UNDER_REVIEW,
    SUPPRESSED
  }
}
