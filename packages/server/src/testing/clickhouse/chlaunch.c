// Serves ClickHouse from chDB's libchdb.so: the library exports no server entry point, but
// chdb_query_cmdline runs clickhouse-local's main(), which can open HTTP/TCP listeners with
// `SYSTEM START LISTEN`. Test fixture only; built into the cache folder by chdb-toolchain.ts.
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

typedef void Result;
typedef Result *(*QueryCmdline)(int, char **);
typedef char *(*Buffer)(Result *);
typedef size_t (*Length)(Result *);
typedef const char *(*Error)(Result *);

int main(int argc, char **argv) {
  void *lib = dlopen(getenv("LIBCHDB"), RTLD_NOW | RTLD_GLOBAL);
  if (!lib) {
    fprintf(stderr, "%s\n", dlerror());
    return 2;
  }
  QueryCmdline query = (QueryCmdline)dlsym(lib, "chdb_query_cmdline");
  Buffer buffer = (Buffer)dlsym(lib, "chdb_result_buffer");
  Length length = (Length)dlsym(lib, "chdb_result_length");
  Error error = (Error)dlsym(lib, "chdb_result_error");
  if (!query || !buffer || !length || !error) {
    fprintf(stderr, "libchdb lacks the chdb_query_cmdline API\n");
    return 2;
  }
  argv[0] = "clickhouse";
  Result *result = query(argc, argv);
  if (!result) return 3;
  const char *message = error(result);
  if (message && *message) {
    fprintf(stderr, "%s\n", message);
    return 1;
  }
  fwrite(buffer(result), 1, length(result), stdout);
  return 0;
}
