#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "midi_test_util.h"
int main(void){return 0;}
