// Payments captured by a gateway whose order does not show them paid (issue 19): a function of
// the configuration returning file name -> rule groups, merged into groups.libsonnet. Thresholds
// are in config.libsonnet (`payments`).
local lib = import 'lib.libsonnet';

function(cfg)
  local by = lib.shopBy;
  local p = cfg.payments;
  local gatewayQuery(metric, text) =
    '{{ with query (printf `max(' + metric + '{marketplace=%q, site=%q, shop=%q, gateway=%q})` $labels.marketplace $labels.site $labels.shop $labels.gateway) }}' + text + '{{ end }}';
  {
    'payments.yml': [
      {
        name: 'marketplace-payments',
        rules: [
          lib.alert(
            cfg, 'PaymentsUnmatched', 'orders', 'critical',
            std.format(
              'max by (%s, gateway) (marketplace_payment_oldest_unmatched_age_seconds) > %d',
              [by, p.unmatchedMaxAgeSeconds]
            ),
            'Buyers have paid, but their orders do not show the payment.',
            'The oldest payment that gateway {{ $labels.gateway }} captured for ' + lib.shopText
            + ' and that no order shows as paid was captured {{ $value | humanizeDuration }} ago (threshold %s)' % lib.dur(p.unmatchedMaxAgeSeconds)
            + gatewayQuery('marketplace_payments_unmatched', '; {{ . | first | value | printf "%.0f" }} payments of this gateway are unmatched')
            + '. After a gateway switch, its payment notifications may not reach the order system.',
            forDuration=p.unmatchedFor,
            keepFiringFor=cfg.keepFiringFor,
            owner=true,
          ),
        ],
      },
    ],
  }
