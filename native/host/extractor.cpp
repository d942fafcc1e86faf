#include "extractor.h"

#include <cstring>

namespace host {

void Extractor::extract(const fp_event_input& evt, JsonWriter* w, ExtractCounters& c) {
  errors_.clear();
  if (w != nullptr) w->key("fields").begin_object();

  if (pattern_.empty()) {
    for (const FieldRequest& r : requests_) extract_one(r, evt, w, c);
  } else {
    pattern_.plan(&order_);
    written_.assign(requests_.size(), 0);
    for (const uint32_t i : order_) {
      JsonWriter* out = w != nullptr && written_[i] == 0 ? w : nullptr;
      written_[i] = 1;
      extract_one(requests_[i], evt, out, c);
    }
  }

  if (w == nullptr) return;
  w->end_object();
  if (!errors_.empty()) {
    w->key("errors").begin_object();
    for (const auto& e : errors_) w->key(*e.first).string(e.second);
    w->end_object();
  }
}

void Extractor::extract_one(const FieldRequest& r, const fp_event_input& evt, JsonWriter* w,
                            ExtractCounters& c) {
  fp_extract_field f{};
  f.res.str = nullptr;
  f.res_len = 0;
  f.field_id = r.field_id;
  f.field = r.name.c_str();
  f.arg_key = r.has_arg_key ? r.arg_key.c_str() : nullptr;
  f.arg_index = r.arg_index;
  f.arg_present = r.arg_present ? 1 : 0;
  f.ftype = r.ftype;
  f.flist = r.is_list ? 1 : 0;

  // Zeroed room after the struct for members newer frameworks append (value offsets, table
  // reader vtables): a plugin reading them finds NULLs.
  struct {
    fp_field_extract_input in;
    void* reserved[8];
  } input{};
  input.in.owner = inst_.owner();
  input.in.get_owner_last_error = host_get_owner_last_error;
  input.in.num_fields = 1;
  input.in.fields = &f;

  const fp_rc rc = inst_.api().extract_fields(inst_.state(), &evt, &input.in);
  ++c.calls;

  if (rc != FP_SUCCESS) {
    ++c.failures;
    if (w != nullptr) {
      w->key(r.text).null();
      errors_.emplace_back(&r.text, inst_.last_error());
    }
    return;
  }
  if (f.res_len == 0) {
    if (w != nullptr) w->key(r.text).null();
    return;
  }

  std::string bad;
  if (!r.is_list && f.res_len > 1) {
    bad = "host: non-list field returned " + std::to_string(f.res_len) + " values";
  }
  const bool is_string = r.ftype == FP_FTYPE_STRING;
  if ((is_string && f.res.str == nullptr) || (!is_string && f.res.u64 == nullptr)) {
    bad = "host: res_len " + std::to_string(f.res_len) + " with a NULL result array";
    ++c.bad_results;
    if (w != nullptr) {
      w->key(r.text).null();
      errors_.emplace_back(&r.text, bad);
    }
    return;
  }

  if (w != nullptr) w->key(r.text).begin_array();
  for (uint64_t i = 0; i < f.res_len; ++i) {
    if (is_string) {
      const char* s = f.res.str[i];
      if (s == nullptr) {
        if (bad.empty()) bad = "host: NULL string at index " + std::to_string(i);
        if (w != nullptr) w->null();
        continue;
      }
      if (w != nullptr) {
        w->string(s);
      } else {
        volatile size_t n = std::strlen(s);  // touch the value as Falco would
        (void)n;
      }
    } else if (w != nullptr) {
      w->u64_as_string(f.res.u64[i]);
    }
  }
  if (w != nullptr) w->end_array();
  if (!bad.empty()) {
    ++c.bad_results;
    if (w != nullptr) errors_.emplace_back(&r.text, bad);
  }
}

}  // namespace host
