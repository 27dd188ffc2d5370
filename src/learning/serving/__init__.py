"""``learning serve``: the reflection exercises online, reached only by invitation."""
