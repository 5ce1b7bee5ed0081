package io.marketplaceexporter.model;

/**
 * The name of every metric the exporter registers, the one place they are spelled: each
 * registration uses these constants, and a test holds this list and the tables of {@code
 * docs/metrics.md} (the contract the rules, dashboards and runbooks are written against) to each
 * other. Counters carry their {@code _total} suffix as exposed; the JVM and process metrics of the
 * client library are not listed.
 */
public final class MetricNames {
  private MetricNames() {}

  // Business metrics held by the state (state.SeriesFamily): orders.
  public static final String ORDERS = "marketplace_orders_total";
  public static final String ORDER_FAILURES = "marketplace_order_failures_total";
  public static final String ORDERS_PENDING = "marketplace_orders_pending";
  public static final String ORDER_OLDEST_PENDING =
      "marketplace_order_oldest_pending_timestamp_seconds";

  // Synchronisation.
  public static final String SYNC_LAST_SUCCESS = "marketplace_sync_last_success_timestamp_seconds";
  public static final String SYNC_RUNS = "marketplace_sync_runs_total";
  public static final String SYNC_EXPECTED_INTERVAL = "marketplace_sync_expected_interval_seconds";

  // Marketplace API.
  public static final String API_REQUESTS = "marketplace_api_requests_total";
  public static final String API_DURATION = "marketplace_api_request_duration_seconds";
  public static final String API_QUOTA_LIMIT = "marketplace_api_quota_limit";
  public static final String API_QUOTA_REMAINING = "marketplace_api_quota_remaining";

  // Credentials.
  public static final String TOKEN_EXPIRY = "marketplace_token_expiry_timestamp_seconds";

  // Prices and inventory.
  public static final String PRICE_CHECKS = "marketplace_price_checks_total";
  public static final String PRICE_ANOMALIES = "marketplace_price_anomalies_total";
  public static final String PRICE_ANOMALOUS_SKUS = "marketplace_price_anomalous_skus";
  public static final String INVENTORY_NEGATIVE_SKUS = "marketplace_inventory_negative_skus";

  // Payments captured by a gateway and matched to an order's status (event type payment).
  public static final String PAYMENTS = "marketplace_payments_total";
  public static final String PAYMENTS_UNMATCHED = "marketplace_payments_unmatched";
  public static final String PAYMENT_OLDEST_UNMATCHED_AGE =
      "marketplace_payment_oldest_unmatched_age_seconds";
  // Listings by status.
  public static final String LISTINGS = "marketplace_listings";

  // Deploys and changes.
  public static final String CHANGES = "marketplace_changes_total";
  public static final String CHANGE_LAST = "marketplace_change_last_timestamp_seconds";
  public static final String CHANGE_INFO = "marketplace_change_info";

  // From the alerting section of the configuration.
  public static final String ALERT_THRESHOLD = "marketplace_alert_threshold";
  public static final String CHANGE_SCOPE = "marketplace_change_scope";

  // The exporter itself.
  public static final String BUILD_INFO = "marketplace_exporter_build_info";
  public static final String INGEST_EVENTS = "marketplace_exporter_ingest_events_total";
  public static final String SERIES_DROPPED = "marketplace_exporter_series_dropped_total";
  public static final String TRACKED_SKUS = "marketplace_exporter_tracked_skus";
  public static final String TRACKED_SKUS_EVICTED =
      "marketplace_exporter_tracked_skus_evicted_total";
  public static final String TRACKED_PAYMENTS = "marketplace_exporter_tracked_payments";
  public static final String TRACKED_PAYMENTS_DROPPED =
      "marketplace_exporter_tracked_payments_dropped_total";
  public static final String SHOPS_TRACKED = "marketplace_exporter_shops_tracked";
  public static final String SHOPS_REMOVED = "marketplace_exporter_shops_removed_total";
  public static final String EXPOSITION_LAG = "marketplace_exporter_exposition_lag_seconds";
  public static final String SHARD_INFO = "marketplace_exporter_shard_info";
  public static final String SHARD_POLLED_SHOPS = "marketplace_exporter_shard_polled_shops";
  public static final String SHARD_FOREIGN_SHOPS = "marketplace_exporter_shard_foreign_shops";
  public static final String INGEST_MISDIRECTED_EVENTS =
      "marketplace_exporter_ingest_misdirected_events_total";

  // Files under --storage.path.
  public static final String STORAGE_LAST_WRITE =
      "marketplace_exporter_storage_last_write_timestamp_seconds";
  public static final String STORAGE_LAST_WRITE_DURATION =
      "marketplace_exporter_storage_last_write_duration_seconds";
  public static final String STORAGE_FILE_SIZE = "marketplace_exporter_storage_file_size_bytes";
  public static final String STORAGE_WRITE_FAILURES =
      "marketplace_exporter_storage_write_failures_total";
  public static final String STORAGE_FILES_MOVED_ASIDE =
      "marketplace_exporter_storage_files_moved_aside_total";
  public static final String STATE_RESTORED_ITEMS = "marketplace_exporter_state_restored_items";

  // Sources the exporter polls.
  public static final String SOURCE_UP = "marketplace_exporter_source_up";
  public static final String SOURCE_LAST_SUCCESS =
      "marketplace_exporter_source_last_success_timestamp_seconds";
  public static final String POLL_DURATION = "marketplace_exporter_poll_duration_seconds";
  public static final String POLL_ERRORS = "marketplace_exporter_poll_errors_total";
  public static final String POLL_DELAY = "marketplace_exporter_poll_delay_seconds";
  public static final String POLL_CONCURRENCY_LIMIT = "marketplace_exporter_poll_concurrency_limit";
  public static final String POLLS_IN_FLIGHT = "marketplace_exporter_polls_in_flight";

  // The alert relay.
  public static final String NOTIFICATIONS = "marketplace_exporter_notifications_total";
  public static final String NOTIFICATIONS_DROPPED =
      "marketplace_exporter_notifications_dropped_total";
  public static final String NOTIFICATION_QUEUE_DEPTH =
      "marketplace_exporter_notification_queue_depth";
  public static final String NOTIFICATION_DURATION =
      "marketplace_exporter_notification_duration_seconds";

  // Rollback actions approved from the chat (operations.actions).
  public static final String ROLLBACK_ACTIONS = "marketplace_exporter_rollback_actions_total";
  public static final String APPROVAL_REFUSALS = "marketplace_exporter_approval_refusals_total";
  // Fault drills.
  public static final String DRILLS = "marketplace_exporter_drills_total";
  public static final String DRILL_DETECTION = "marketplace_exporter_drill_detection_seconds";
  // Operations (issue 20): the Prometheus API client, the verification and deploy watches.
  public static final String PROMETHEUS_QUERIES = "marketplace_exporter_prometheus_queries_total";
  public static final String VERIFICATIONS = "marketplace_exporter_verifications_total";
  public static final String WATCHES_RUNNING = "marketplace_exporter_watches_running";
  public static final String DEPLOY_WATCH_VERDICTS =
      "marketplace_exporter_deploy_watch_verdicts_total";
}
