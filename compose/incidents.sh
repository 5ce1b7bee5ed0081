#!/bin/sh
# Plays the demo's incidents against the sandbox marketplace (POST /_faults) on a 60-minute
# loop, the incidents of `--demo` (DemoScenario.builtIn): a zero price, negative stock, an
# expiring refresh token, a stalled inventory sync, throttling, a price drop, a new listing
# template that gets a third of a shop's listings taken down, a switch to a payment gateway whose
# payments do not all reach their orders, and a deploy followed by a burst of order failures. Used by docker-compose.yml (service `incidents`).
# The deploy comes 40 minutes into the loop, so that PostDeployRegression has its baseline (the
# failure ratio of the hour before, from 30 minutes back) before the first one.
set -eu
SANDBOX="${SANDBOX_URL:-http://sandbox:9878}"

fault() { # kind shop duration
  curl -fsS -X POST "$SANDBOX/_faults" -H 'Content-Type: application/json' \
    -d "{\"kind\":\"$1\",\"shop\":\"$2\",\"duration\":\"$3\"}" >/dev/null \
    && echo "$(date -u +%FT%TZ) fault $1 on $2 for $3" \
    || echo "$(date -u +%FT%TZ) could not start fault $1 on $2" >&2
}

until curl -fsS "$SANDBOX/_shops" >/dev/null; do sleep 2; done
while true; do
  fault zero_price A2EUQ1WTGCTBG2 8m
  fault negative_stock shop_310877 12m
  fault token_expiring lzd_th_5520 20m
  fault stalled_sync 10001234567 25m
  sleep 30
  fault throttle shop_220041 10m
  sleep 30
  fault price_drop A1PA6795UKMFR9 6m
  sleep 120
  fault listing_change acme-outlet 1m
  fault listings_taken_down acme-outlet 20m
  sleep 60
  fault payment_gateway_switch A1PA6795UKMFR9 25m
  sleep 2160
  fault deploy 7495623318 1m
  fault order_failures 7495623318 10m
  sleep 1200
done
