/* pending.c - weak stand-ins for the ledger and reconciliation modules,
 * being written on other branches; their real definitions replace these at
 * link time. Removed when both are merged. */
#include <string.h>

#include "export_csv.h"
#include "export_html.h"
#include "export_json.h"
#include "export_text.h"
#include "export_xlsx.h"
#include "ledger.h"
#include "reconcile.h"

#define WEAK __attribute__((weak))

WEAK int ew_ledger_parse(const unsigned char *data, size_t len, const struct ew_ledger_options *opt,
			 struct ew_ledger *out, struct ew_ledger_errors *errs)
{
	(void)data;
	(void)len;
	(void)opt;
	static struct ew_ledger_error e = {0, "", "the sheet reader is not built yet"};
	memset(out, 0, sizeof *out);
	errs->items = &e;
	errs->count = 1;
	errs->dropped = 0;
	return -1;
}
WEAK void ew_ledger_free(struct ew_ledger *l) { (void)l; }
WEAK void ew_ledger_errors_free(struct ew_ledger_errors *e) { (void)e; }
WEAK int ew_reconcile(const struct ew_ledger *ledger, const struct ew_device *devices, size_t device_count,
		      struct ew_reconciliation *out)
{
	(void)ledger;
	(void)devices;
	(void)device_count;
	memset(out, 0, sizeof *out);
	return -1;
}
WEAK void ew_reconciliation_free(struct ew_reconciliation *rc) { (void)rc; }
WEAK int ew_export_csv_write(const struct ew_reconciliation *rc, enum ew_csv_encoding enc, struct ew_buf *out)
{
	(void)rc, (void)enc, (void)out;
	return -1;
}
WEAK int ew_export_html_write(const struct ew_reconciliation *rc, struct ew_buf *out)
{
	(void)rc, (void)out;
	return -1;
}
WEAK int ew_export_json_write(const struct ew_reconciliation *rc, struct ew_buf *out)
{
	(void)rc, (void)out;
	return -1;
}
WEAK int ew_export_text_write(const struct ew_reconciliation *rc, struct ew_buf *out)
{
	(void)rc, (void)out;
	return -1;
}
WEAK int ew_export_xlsx_file(const struct ew_reconciliation *rc, const char *path, char *err, size_t errlen)
{
	(void)rc, (void)path, (void)err, (void)errlen;
	return -1;
}
WEAK int ew_export_xlsx_write(const struct ew_reconciliation *rc, struct ew_buf *out, char *err, size_t errlen)
{
	(void)rc, (void)out, (void)err, (void)errlen;
	return -1;
}
