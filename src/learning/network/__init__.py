"""The learning network: members, letters of intent, representatives, gatherings."""

from learning.network.loader import load_network, load_networks, network_files
from learning.network.model import Gathering, Member, Network

__all__ = ["Gathering", "Member", "Network", "load_network", "load_networks", "network_files"]
