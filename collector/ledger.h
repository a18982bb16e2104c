/* SPDX-License-Identifier: ISC */
/* ledger.h - the line sheet (回線・機器情報記入シート) as the collector reads it.
 *
 * ew_ledger_parse takes the bytes of a CSV (UTF-8 with or without BOM, or
 * Shift_JIS/CP932) or XLSX file, decided by content, finds the header (title
 * rows above it, one- or two-row headers, merged cells, "(*)" marks, Japanese
 * or English names: data/ledger-columns.conf), skips blank and example
 * (記入例) rows, and checks every row. A sheet is taken whole or not at all:
 * unless EW_LEDGER_SKIP_BAD_ROWS is set, any bad row makes the parse fail, and
 * errs lists every bad row and column. The sheet is hostile input: every size
 * is capped below and every cell is valid UTF-8 after the parse.
 * Pure: no I/O but reading the column alias file given in the options. */
#ifndef EGRESSWATCH_COLLECTOR_LEDGER_H
#define EGRESSWATCH_COLLECTOR_LEDGER_H

#include <stdbool.h>
#include <stddef.h>

#include "egresswatch/addr.h"

#define EW_LEDGER_FILE_MAX (32u * 1024 * 1024) /* bytes of one sheet file */
#define EW_LEDGER_ROWS_MAX 100000u             /* lines kept from one sheet */
#define EW_LEDGER_COLS_MAX 256u                /* columns read per row */
#define EW_LEDGER_CELL_MAX 4096u               /* bytes kept of one cell (UTF-8) */
#define EW_LEDGER_MACS_MAX 16u                 /* MACs in one MACアドレス cell */
#define EW_LEDGER_IPS_MAX 16u                  /* addresses in one IPアドレス cell */
#define EW_LEDGER_ERRORS_MAX 1000u             /* errors listed; more are counted */
#define EW_LEDGER_UNREAD_MAX 512u              /* bytes naming the header cells not read */

enum ew_yesno { EW_YN_UNSET = 0, EW_YN_YES, EW_YN_NO };

/* One declared line. Strings are UTF-8, owned by the ledger, never NULL
 * ("" when the cell is empty or the column absent). */
struct ew_ledger_line {
	unsigned row;            /* row number in the sheet as a person counts it (1-based) */
	char *no;                /* the first column as written, e.g. 回線1 */
	enum ew_yesno want_version_check; /* 調査希望 装置バージョン確認 */
	enum ew_yesno want_vuln_scan;     /* 調査希望 脆弱性診断 */
	enum ew_yesno emr_connected;      /* 電子カルテ…との接続 あり/なし */
	char *purpose;           /* 用途、システム名 */
	char *service;           /* 回線サービス名 */
	char *line_id;           /* 回線ID (a number typed in Excel is read back as text) */
	char *carrier;           /* 回線事業者 */
	char *holder;            /* 回線名義 */
	/* extension columns */
	char *device_kind;       /* 終端装置種別 */
	char *maker;             /* メーカー */
	char *model;             /* 型番 */
	char *location;          /* 設置場所 */
	char *department;        /* 管理部門 */
	char *vendor;            /* 契約ベンダー */
	char *method;            /* 確認方法 (台帳 / 部門 / ベンダー / 目視) */
	char *note;              /* 備考 */
	struct ew_mac macs[EW_LEDGER_MACS_MAX];
	size_t mac_count;
	struct ew_ip ips[EW_LEDGER_IPS_MAX];
	size_t ip_count;
};

struct ew_ledger {
	struct ew_ledger_line *lines;
	size_t count;
	char format[8];          /* "csv" or "xlsx" */
	char encoding[16];       /* "utf-8", "cp932" (CSV); "xlsx" */
	unsigned header_row;     /* where the header was found (1-based, last header row) */
	size_t skipped_examples; /* 記入例 rows */
	size_t skipped_bad;      /* bad rows left out under EW_LEDGER_SKIP_BAD_ROWS */
	/* header cells no key matched (or a key's second column), as written,
	 * ", " between them, cut with "…": what the import did not read */
	char unread_columns[EW_LEDGER_UNREAD_MAX];
};

struct ew_ledger_error {
	unsigned row;            /* 0: the file as a whole */
	char column[96];         /* the header text as written, "" for the file/row */
	char message[256];
};

struct ew_ledger_errors {
	struct ew_ledger_error *items;
	size_t count;
	size_t dropped;          /* errors past EW_LEDGER_ERRORS_MAX */
};

#define EW_LEDGER_SKIP_BAD_ROWS 0x1u

struct ew_ledger_options {
	unsigned flags;
	const char *columns_file; /* column aliases; NULL = the built-in default path */
};

/* 0 on success. -1: nothing usable (errs says why: empty file, not a sheet,
 * no header, bad rows without SKIP_BAD_ROWS, out of memory). On failure out
 * is empty. With SKIP_BAD_ROWS, errs lists what was skipped and the call
 * succeeds if the header was found. */
int ew_ledger_parse(const unsigned char *data, size_t len, const struct ew_ledger_options *opt,
                    struct ew_ledger *out, struct ew_ledger_errors *errs);
void ew_ledger_free(struct ew_ledger *l);
void ew_ledger_errors_free(struct ew_ledger_errors *e);
const char *ew_yesno_str(enum ew_yesno v); /* "あり", "なし", "" */

#endif
