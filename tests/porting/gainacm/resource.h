/* resource.h - string IDs of the gain codec (shared by gainacm.rc and gainacm.c). */
#define IDS_GAIN_SHORTNAME      1
#define IDS_GAIN_LONGNAME       2
#define IDS_GAIN_COPYRIGHT      3
#define IDS_GAIN_LICENSING      4
#define IDS_GAIN_FEATURES       5
#define IDS_GAIN_FORMATTAG_PCM  16
#define IDR_GAIN_TABLE          100
