/* SPDX-License-Identifier: ISC */
/* pcap-readloop.c - the baseline of `make bench`: the bare libpcap read loop.
 *
 *   pcap-readloop [--buffer BYTES] FILE
 *
 * Opens FILE with pcap_open_offline and walks every record with
 * pcap_next_ex, touching only each record's length, so the figure is what
 * reading the file costs before anyone looks at a byte of the frames. Prints
 * "packets N bytes N" on stdout; exit 2 if the file cannot be read whole.
 *
 * With --buffer, FILE is opened with fopen, given a stdio buffer of BYTES
 * and handed to pcap_fopen_offline, as the agent's open_file does: the
 * same loop over the agent's read path, for information beside the
 * baseline (tests/bench/README.md).
 */
#include <errno.h>
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
	fprintf(stderr, "usage: pcap-readloop [--buffer BYTES] FILE\n");
	return 2;
}

int main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE] = "";
	size_t buffer = 0;
	int arg = 1;
	if (argc == 4 && strcmp(argv[1], "--buffer") == 0) {
		char *end;
		errno = 0;
		unsigned long v = strtoul(argv[2], &end, 10);
		if (errno || end == argv[2] || *end || v == 0 || v > 64UL * 1024 * 1024)
			return usage();
		buffer = v;
		arg = 3;
	} else if (argc != 2) {
		return usage();
	}
	const char *path = argv[arg];
	pcap_t *p;
	char *vbuf = NULL;
	if (buffer) {
		FILE *fp = fopen(path, "rb");
		vbuf = malloc(buffer);
		if (!fp || !vbuf) {
			fprintf(stderr, "pcap-readloop: %s: %s\n", path, strerror(errno));
			if (fp)
				fclose(fp);
			free(vbuf);
			return 2;
		}
		(void)setvbuf(fp, vbuf, _IOFBF, buffer);
		p = pcap_fopen_offline(fp, err);
		if (!p)
			fclose(fp);
	} else {
		p = pcap_open_offline(path, err);
	}
	if (!p) {
		fprintf(stderr, "pcap-readloop: %s: %s\n", path, err);
		free(vbuf);
		return 2;
	}
	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t packets = 0, bytes = 0;
	int rc;
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		packets++;
		bytes += h->caplen;
	}
	int status = 0;
	if (rc == PCAP_ERROR) {
		fprintf(stderr, "pcap-readloop: %s: %s\n", path, pcap_geterr(p));
		status = 2;
	}
	pcap_close(p); /* closes the FILE: its buffer is freed after */
	free(vbuf);
	printf("packets %" PRIu64 " bytes %" PRIu64 "\n", packets, bytes);
	return status;
}
