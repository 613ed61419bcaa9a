#!/bin/sh
# Order sync benchmark: Odoo calls and Odoo time per paid order (warm caches) through WooSync's
# executor, beside a minimal hand-written flow (create, confirm, invoice wizard x2, post, payment
# wizard x2) against the same stand-in Odoo 17 in the same run. Prints the BENCH lines.
#   bench/order-sync.sh            # 40 orders
#   ORDERS=100 bench/order-sync.sh
set -e
cd "$(dirname "$0")/.."
./mvnw -B -q test -Dtest=OrderSyncBench -Dwoosync.bench=true -Dwoosync.bench.orders="${ORDERS:-40}" \
    -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep '^BENCH'
