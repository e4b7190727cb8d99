/*
 * fuzz_cib.c - libFuzzer target: a CIB from an untrusted file.
 *
 * Whatever the bytes, loading either fails with a message or yields a
 * model the whole scheduler pipeline runs on to the summary.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "sched_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	struct sched_cluster *cl = NULL;

	if (size > 1 << 20)
		return 0;
	if (!sink)
		sink = fopen("/dev/null", "w");
	if (cib_load_memory((const char *)data, (int)size, &cl)) {
		if (!cib_last_error()[0])
			abort();	/* every failure says why */
		return 0;
	}
	cl->scores_out = sink;
	sched_run(cl);
	sched_print_summary(cl, sink);
	sched_cluster_free(cl);
	return 0;
}
