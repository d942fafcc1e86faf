{
  "targets": [
    {
      "target_name": "k8saudit_bridge",
      "sources": [
        "native/bridge/test_addon.cpp",
        "native/bridge/bridge_binding.cpp",
        "native/bridge/stream_positions.cpp",
        "native/core/event_batch.cpp",
        "native/core/event_flow.cpp",
        "native/core/event_queue.cpp",
        "native/core/field_slots.cpp",
        "native/core/redact.cpp",
        "native/core/value_block.cpp"
      ],
      "include_dirs": [
        "native",
        "<!(node scripts/native-contract.mjs)",
        "<!(node -p \"require('node-addon-api').include_dir\")"
      ],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-Wall", "-Wextra", "-Werror"]
    }
  ]
}
