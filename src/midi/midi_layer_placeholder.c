/* Keeps the midi layer non-empty while it is being built (CMake needs one source per OBJECT
 * library); removed once the layer has sources of its own. */
typedef int pacm_midi_layer_placeholder;
