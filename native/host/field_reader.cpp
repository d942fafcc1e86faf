#include "field_reader.h"

#include <cstring>

namespace host {

fp_rc FieldReader::call_extract(const fp_event_input& evt, const RequestedField& request,
                                fp_extract_field* field) const {
  field->res.str = nullptr;
  field->res_len = 0;
  field->field_id = request.field_id;
  field->field = request.name.c_str();
  field->arg_key = request.has_arg_key ? request.arg_key.c_str() : nullptr;
  field->arg_index = request.arg_index;
  field->arg_present = request.arg_present ? 1 : 0;
  field->ftype = request.ftype;
  field->flist = request.is_list ? 1 : 0;

  PaddedInput<fp_field_extract_input> input;
  input.in.owner = inst_.owner();
  input.in.get_owner_last_error = host_get_owner_last_error;
  input.in.num_fields = 1;
  input.in.fields = field;
  return inst_.api().extract_fields(inst_.state(), &evt, &input.in);
}

std::string FieldReader::read_values(const RequestedField& request, const fp_extract_field& field,
                                     JsonWriter* w) const {
  std::string breach;
  if (!request.is_list && field.res_len > 1) {
    breach = "host: non-list field returned " + std::to_string(field.res_len) + " values";
  }
  const bool is_string = request.ftype == FP_FTYPE_STRING;
  if (w != nullptr) w->key(request.text).begin_array();
  for (uint64_t i = 0; i < field.res_len; ++i) {
    if (!is_string) {
      if (w != nullptr) w->u64_as_string(field.res.u64[i]);
      continue;
    }
    const char* value = field.res.str[i];
    if (value == nullptr) {
      if (breach.empty()) breach = "host: NULL string at index " + std::to_string(i);
      if (w != nullptr) w->null();
    } else if (w != nullptr) {
      w->string(value);
    } else {
      volatile size_t length = std::strlen(value);  // touch the value as Falco would
      (void)length;
    }
  }
  if (w != nullptr) w->end_array();
  return breach;
}

void FieldReader::extract_one(const fp_event_input& evt, const RequestedField& request,
                              JsonWriter* w, ExtractCounters& counters) {
  const auto report = [&](std::string error) {
    if (w != nullptr) errors_.emplace_back(&request.text, std::move(error));
  };
  fp_extract_field field{};
  const fp_rc rc = call_extract(evt, request, &field);
  ++counters.calls;
  if (rc != FP_SUCCESS) {
    ++counters.failures;
    if (w != nullptr) w->key(request.text).null();
    report(w != nullptr ? inst_.last_error() : std::string());
    return;
  }
  if (field.res_len == 0) {
    if (w != nullptr) w->key(request.text).null();
    return;
  }
  const bool is_string = request.ftype == FP_FTYPE_STRING;
  if ((is_string && field.res.str == nullptr) || (!is_string && field.res.u64 == nullptr)) {
    ++counters.bad_results;
    if (w != nullptr) w->key(request.text).null();
    report("host: res_len " + std::to_string(field.res_len) + " with a NULL result array");
    return;
  }
  std::string breach = read_values(request, field, w);
  if (!breach.empty()) {
    ++counters.bad_results;
    report(std::move(breach));
  }
}

void FieldReader::extract(const fp_event_input& evt, JsonWriter* w, ExtractCounters& counters) {
  errors_.clear();
  if (w != nullptr) w->key("fields").begin_object();
  if (pattern_.empty()) {
    for (const RequestedField& request : requests_) extract_one(evt, request, w, counters);
  } else {
    pattern_.plan(&order_);
    written_.assign(requests_.size(), 0);
    for (const uint32_t i : order_) {
      JsonWriter* out = w != nullptr && written_[i] == 0 ? w : nullptr;
      written_[i] = 1;
      extract_one(evt, requests_[i], out, counters);
    }
  }

  if (w == nullptr) return;
  w->end_object();
  if (!errors_.empty()) {
    w->key("errors").begin_object();
    for (const auto& [text, error] : errors_) w->key(*text).string(error);
    w->end_object();
  }
}

}  // namespace host
