package validate

import "slices"

// Test hooks, compiled only into this package's tests.

// CustomTags lists the custom tags in order, for tests that walk every rule.
func CustomTags() []string {
	tags := make([]string, 0, len(rules))
	for tag := range rules {
		tags = append(tags, tag)
	}
	slices.Sort(tags)
	return tags
}

// HasDocRule reports whether tag checks anything under Struct.
func HasDocRule(tag string) bool { return rules[tag].doc != nil }
