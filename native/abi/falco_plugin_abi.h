// Our own declarations of the parts of the Falco plugin API 3.x that k8saudit-ovh and its plugin
// host use. The layouts must equal the framework's (falcosecurity/libs userspace/plugin/
// plugin_api.h and plugin_types.h, API 3.3.0): the static_asserts below pin every size and offset
// we rely on, for x86_64 and aarch64 (LP64).
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" {

// Result codes of init/open/next_batch/extract_fields.
enum fp_rc : int32_t {
  FP_SUCCESS = 0,
  FP_FAILURE = 1,
  FP_TIMEOUT = -1,
  FP_EOF = 2,
  FP_NOT_SUPPORTED = 3,
};

enum fp_schema_type : int32_t {
  FP_SCHEMA_NONE = 0,
  FP_SCHEMA_JSON = 1,
};

enum fp_log_severity : int32_t {
  FP_LOG_FATAL = 1,
  FP_LOG_CRITICAL = 2,
  FP_LOG_ERROR = 3,
  FP_LOG_WARNING = 4,
  FP_LOG_NOTICE = 5,
  FP_LOG_INFO = 6,
  FP_LOG_DEBUG = 7,
  FP_LOG_TRACE = 8,
};

// Field value types (only string is used by k8saudit fields).
constexpr uint32_t FP_FTYPE_UINT64 = 8;
constexpr uint32_t FP_FTYPE_STRING = 9;

// Scap plugin event type code, and its fixed layout: header, two u32 parameter lengths,
// the u32 plugin ID, then the event data bytes.
constexpr uint16_t FP_PLUGIN_EVENT_TYPE = 322;

#pragma pack(push, 1)
struct fp_event_header {
  uint64_t ts;       // ns since the epoch; UINT64_MAX lets the framework stamp "now"
  uint64_t tid;      // UINT64_MAX: no thread
  uint32_t len;      // whole event length, header included
  uint16_t type;     // FP_PLUGIN_EVENT_TYPE
  uint32_t nparams;  // 2 for plugin events
};
#pragma pack(pop)

struct fp_event_input {
  const fp_event_header* evt;
  uint64_t evtnum;
  const char* evtsrc;
};

struct fp_extract_field {
  union {
    const char** str;
    uint64_t* u64;
  } res;
  uint64_t res_len;
  uint32_t field_id;
  const char* field;
  const char* arg_key;
  uint64_t arg_index;
  uint32_t arg_present;
  uint32_t ftype;
  uint32_t flist;
};

typedef void fp_owner;
typedef void (*fp_log_fn)(fp_owner* owner, const char* component, const char* msg,
                          fp_log_severity sev);

struct fp_init_input {
  const char* config;
  fp_owner* owner;
  const char* (*get_owner_last_error)(fp_owner* owner);
  const void* tables;  // state tables: unused here
  fp_log_fn log_fn;    // API >= 3.3.0
};

struct fp_field_extract_input {
  fp_owner* owner;
  const char* (*get_owner_last_error)(fp_owner* owner);
  uint32_t num_fields;
  fp_extract_field* fields;
  // (state-table vtables follow in the framework's struct; unused here)
};

// Metrics (plugin_get_metrics; used by frameworks with API >= 3.6, ignored by older ones).
enum fp_metric_type : int32_t {
  FP_METRIC_MONOTONIC = 0,
  FP_METRIC_NON_MONOTONIC = 1,
};

enum fp_metric_value_type : int32_t {
  FP_METRIC_VALUE_U64 = 2,
};

union fp_metric_value {
  uint64_t u64;
  double d;
};

struct fp_metric {
  const char* name;
  fp_metric_type type;
  fp_metric_value value;
  fp_metric_value_type value_type;
};

}  // extern "C"

// Sizes and offsets we depend on (LP64).
static_assert(sizeof(fp_event_header) == 26, "scap event header is 26 packed bytes");
static_assert(offsetof(fp_event_header, ts) == 0);
static_assert(offsetof(fp_event_header, tid) == 8);
static_assert(offsetof(fp_event_header, len) == 16);
static_assert(offsetof(fp_event_header, type) == 20);
static_assert(offsetof(fp_event_header, nparams) == 22);
static_assert(sizeof(fp_event_input) == 24);
static_assert(offsetof(fp_event_input, evtnum) == 8);
static_assert(offsetof(fp_event_input, evtsrc) == 16);
static_assert(sizeof(fp_extract_field) == 64);
static_assert(offsetof(fp_extract_field, res_len) == 8);
static_assert(offsetof(fp_extract_field, field_id) == 16);
static_assert(offsetof(fp_extract_field, field) == 24);
static_assert(offsetof(fp_extract_field, arg_key) == 32);
static_assert(offsetof(fp_extract_field, arg_index) == 40);
static_assert(offsetof(fp_extract_field, arg_present) == 48);
static_assert(offsetof(fp_extract_field, ftype) == 52);
static_assert(offsetof(fp_extract_field, flist) == 56);
static_assert(offsetof(fp_init_input, config) == 0);
static_assert(offsetof(fp_init_input, owner) == 8);
static_assert(offsetof(fp_init_input, get_owner_last_error) == 16);
static_assert(offsetof(fp_init_input, tables) == 24);
static_assert(offsetof(fp_init_input, log_fn) == 32);
static_assert(offsetof(fp_field_extract_input, num_fields) == 16);
static_assert(offsetof(fp_field_extract_input, fields) == 24);
static_assert(sizeof(fp_metric_value) == 8);
static_assert(sizeof(fp_metric) == 32);
static_assert(offsetof(fp_metric, type) == 8);
static_assert(offsetof(fp_metric, value) == 16);
static_assert(offsetof(fp_metric, value_type) == 24);

namespace fp {
// Byte layout of a plugin event: header, 2 x u32 param lengths, u32 plugin id, data.
constexpr size_t kParamLensOffset = sizeof(fp_event_header);       // 26
constexpr size_t kPluginIdOffset = kParamLensOffset + 2 * 4;       // 34
constexpr size_t kDataOffset = kPluginIdOffset + 4;                // 38
}  // namespace fp
