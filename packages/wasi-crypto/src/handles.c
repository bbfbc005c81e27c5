/*
 * Object headers and the per-kind handle map (see handles.h). The map is
 * open addressing with linear probing; removal shifts the following entries
 * back instead of leaving tombstones, so open/close cycles never grow it.
 */
#include "handles.h"

#include <stdlib.h>

enum { INITIAL_CAPACITY = 16 };

bool crypto_object_init(crypto_object *object, handle_kind kind,
                        void (*destroy)(crypto_object *object)) {
  object->kind = kind;
  object->refs = 1;
  object->destroy = destroy;
  return pthread_mutex_init(&object->lock, NULL) == 0;
}

void crypto_object_fini(crypto_object *object) {
  pthread_mutex_destroy(&object->lock);
}

void crypto_object_lock(crypto_object *object) {
  pthread_mutex_lock(&object->lock);
}

void crypto_object_unlock(crypto_object *object) {
  pthread_mutex_unlock(&object->lock);
}

void handle_table_init(handle_table *table) {
  table->next_counter = 1;
  table->live = 0;
  table->capacity = 0;
  table->slots = NULL;
}

/* Home slot of `counter` (Fibonacci hashing spreads sequential counters). */
static size_t home_of(uint32_t counter, size_t capacity) {
  return (size_t)(counter * 2654435761u) & (capacity - 1);
}

static void place(handle_slot *slots, size_t capacity, handle_slot entry) {
  size_t i = home_of(entry.counter, capacity);
  while (slots[i].counter != 0) {
    i = (i + 1) & (capacity - 1);
  }
  slots[i] = entry;
}

/* Doubles the map (or creates it); false when memory runs out. */
static bool grow(handle_table *table) {
  size_t capacity =
      table->capacity == 0 ? INITIAL_CAPACITY : table->capacity * 2;
  handle_slot *slots = calloc(capacity, sizeof(*slots));
  if (slots == NULL) {
    return false;
  }
  for (size_t i = 0; i < table->capacity; ++i) {
    if (table->slots[i].counter != 0) {
      place(slots, capacity, table->slots[i]);
    }
  }
  free(table->slots);
  table->slots = slots;
  table->capacity = capacity;
  return true;
}

crypto_errno handle_table_insert(handle_table *table, crypto_object *object,
                                 uint32_t *counter) {
  if (table->next_counter > HANDLE_COUNTER_MAX) {
    return CRYPTO_ERRNO_TOO_MANY_HANDLES;
  }
  /* Keep the load factor at or below one half. */
  if ((table->live + 1) * 2 > table->capacity && !grow(table)) {
    return CRYPTO_ERRNO_ALGORITHM_FAILURE;
  }
  *counter = table->next_counter++;
  place(table->slots, table->capacity,
        (handle_slot){.counter = *counter, .object = object});
  table->live++;
  return CRYPTO_ERRNO_SUCCESS;
}

/* Index of `counter` in the map, or capacity when absent. */
static size_t index_of(const handle_table *table, uint32_t counter) {
  if (counter == 0 || table->capacity == 0) {
    return table->capacity;
  }
  size_t i = home_of(counter, table->capacity);
  while (table->slots[i].counter != 0) {
    if (table->slots[i].counter == counter) {
      return i;
    }
    i = (i + 1) & (table->capacity - 1);
  }
  return table->capacity;
}

crypto_object *handle_table_find(const handle_table *table, uint32_t counter) {
  size_t i = index_of(table, counter);
  return i == table->capacity ? NULL : table->slots[i].object;
}

crypto_object *handle_table_remove(handle_table *table, uint32_t counter) {
  size_t hole = index_of(table, counter);
  if (hole == table->capacity) {
    return NULL;
  }
  crypto_object *object = table->slots[hole].object;
  size_t mask = table->capacity - 1;
  /* Backward-shift: move up every following entry whose home slot is not
   * between the hole and its current position. */
  for (size_t next = (hole + 1) & mask; table->slots[next].counter != 0;
       next = (next + 1) & mask) {
    size_t home = home_of(table->slots[next].counter, table->capacity);
    bool stays = hole <= next ? (hole < home && home <= next)
                              : (hole < home || home <= next);
    if (!stays) {
      table->slots[hole] = table->slots[next];
      hole = next;
    }
  }
  table->slots[hole] = (handle_slot){0};
  table->live--;
  return object;
}

void handle_table_clear(handle_table *table, void (*drop)(crypto_object *)) {
  for (size_t i = 0; i < table->capacity; ++i) {
    if (table->slots[i].counter != 0) {
      drop(table->slots[i].object);
    }
  }
  free(table->slots);
  handle_table_init(table);
}
